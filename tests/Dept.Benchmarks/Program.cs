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

if (args.Length > 1 && args[0] == "--smoke")
{
    Dept.Benchmarks.Smoke.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
