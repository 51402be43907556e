namespace Dept.Attach.Target;

/// <summary>
/// The "named" mode (#14): an AB-BA between a static lock field and an instance lock field, on threads with
/// descriptive names, so an attach can name the locks by their fields and the threads by their names.
/// </summary>
internal sealed class Ledger
{
    private static readonly object s_journal = new();
    private readonly object _balance = new();

    public static void Start()
    {
        var ledger = new Ledger();
        Barrier barrier = new(2, _ => Protocol.Line("ready"));
        Scenarios.Start("x", "ledger-post", () => ledger.Post(barrier));
        Scenarios.Start("y", "ledger-audit", () => ledger.Audit(barrier));
    }

    private void Post(Barrier barrier)
    {
        lock (s_journal)
        {
            barrier.SignalAndWait();
            Protocol.Go.Wait();
            Protocol.Blocking();
            lock (_balance)
            {
            }
        }
    }

    private void Audit(Barrier barrier)
    {
        lock (_balance)
        {
            barrier.SignalAndWait();
            Protocol.Go.Wait();
            Protocol.Blocking();
            lock (s_journal)
            {
            }
        }
    }
}
