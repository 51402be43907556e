namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// The end-to-end runs build and run real projects with child <c>dotnet</c> processes: run them one class at a time,
/// after the assembly's other tests, so two of them never compete for the machine's 2 cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
