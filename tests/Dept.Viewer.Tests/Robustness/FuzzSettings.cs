using System.Globalization;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// How hard the fuzz and property tests push: sized for CI by default; <c>DEPT_FUZZ_ITERATIONS</c> (e.g. 200000) and
/// <c>DEPT_FUZZ_SEED</c> (a CsCheck seed printed by a failure) for longer local runs and replays (#13).
/// </summary>
internal static class FuzzSettings
{
    public static long Iterations(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable("DEPT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;

    public static string? Seed => Environment.GetEnvironmentVariable("DEPT_FUZZ_SEED") is { Length: > 0 } s ? s : null;
}
