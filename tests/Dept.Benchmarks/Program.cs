using BenchmarkDotNet.Running;
using Dept.Benchmarks.Core;

if (args.Length == 1 && args[0] == "--graph-memory")
{
    GraphBenchmarks.Report();
    return;
}

if (args.Length == 1 && args[0] == "--engine-memory")
{
    NewDependencyBenchmarks.ReportMemory();
    return;
}

if (args.Length is 1 or 2 && args[0] == "--new-dependency-profile")
{
    NewDependencyBenchmarks.Profile(args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

if (args.Length > 1 && args[0] == "--smoke")
{
    Dept.Benchmarks.Smoke.Run(args[1..]);
    return;
}

if (args.Length is 3 or 4 && args[0] == "--spin")
{
    Dept.Benchmarks.Spin.Run(args[1], args[2], args.Length == 4 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

if (args.Length == 3 && args[0] == "--cli-phases")
{
    Dept.Benchmarks.Cli.CliPhases.Run(args[1], args[2]);
    return;
}

if (args.Length == 4 && args[0] == "--make-reports")
{
    Dept.Benchmarks.Cli.SyntheticReports.Make(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

// Not typeof(Program): Dept.Viewer (dept.dll, whose internals this project sees) has a Program type too.
BenchmarkSwitcher.FromAssembly(typeof(Dept.Benchmarks.Smoke).Assembly).Run(args);
