using Dept.Core.Live;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Viewer.Attach;

namespace Dept.Viewer.Tests.Support;

/// <summary>Documents and live attach sources with hangs (long waits in no cycle), for the API, CLI and page tests.</summary>
internal static class HangGraphs
{
    public const string LockThread = "thread 4711";
    public const string LockWaitingOn = "thread 4711 waits for lock 0x2a held by thread 13";
    public const string HandleThread = "thread 22";
    public const string HandleWaitingOn = "thread 22 waits on a wait handle (signaller unknown)";
    public const string UserFrame = "Shop.Worker.Run() in Worker.cs:line 41";

    /// <summary>A lock wait with owner and stack (6.2 s), then a wait-handle wait with neither (350 ms).</summary>
    public static IReadOnlyList<DeptHang> Hangs { get; } =
    [
        new DeptHang
        {
            Thread = LockThread, WaitingOn = LockWaitingOn, Owner = "thread 13", Waited = TimeSpan.FromMilliseconds(6200),
            Stack = ["System.Threading.Monitor.Enter(Object)", UserFrame],
        },
        new DeptHang { Thread = HandleThread, WaitingOn = HandleWaitingOn, Waited = TimeSpan.FromMilliseconds(350) },
    ];

    /// <summary><paramref name="engine"/>'s document as a live attach would write it: mode actual, with <see cref="Hangs"/>.</summary>
    public static DeptDocument Document(DeptEngine engine) =>
        engine.CreateDocument() with { Mode = DeptDocumentMode.Actual, Hangs = Hangs };

    /// <summary>What <c>dept attach --serve</c> serves from <paramref name="tracker"/> (no process, no stacks).</summary>
    public static LiveAttachSource Attach(LiveDeadlockTracker tracker) =>
        new(tracker, new DeadlockStacks(processId: 0, enabled: false, TextWriter.Null), "process 0 (test)");

    /// <summary>A tracker on <paramref name="clock"/> with a 5 s hang threshold.</summary>
    public static LiveDeadlockTracker Tracker(ManualClock clock) =>
        new(new LiveOptions { TimeProvider = clock, HangThreshold = TimeSpan.FromSeconds(5) });
}
