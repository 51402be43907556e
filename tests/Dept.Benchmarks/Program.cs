using BenchmarkDotNet.Running;
using Dept.Benchmarks.Core;

if (args.Length == 1 && args[0] == "--graph-memory")
{
    GraphBenchmarks.Report();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
