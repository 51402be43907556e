namespace Dept.Instrumentation.Tests.Rewriting;

/// <summary>Rewriting tests share the static patch log, so they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RewritingCollection
{
    public const string Name = "Rewriting";
}
