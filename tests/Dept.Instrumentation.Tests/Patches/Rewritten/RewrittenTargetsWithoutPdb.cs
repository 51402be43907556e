namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>The same rewritten targets, rewritten from a build output whose PDB is missing (a stripped deployment).</summary>
public sealed class RewrittenTargetsWithoutPdb : RewrittenTargets
{
    public RewrittenTargetsWithoutPdb()
        : base(withPdb: false)
    {
    }
}
