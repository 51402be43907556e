namespace Dept.Rewriting.Samples;

/// <summary>A virtual target: call sites on the base must still dispatch to the override.</summary>
public class Worker
{
    public virtual string Run() => "base";
}

public sealed class FastWorker : Worker
{
    public override string Run() => "fast:" + base.Run();
}
