using DmaBuf.Diagnostics;

namespace DmaBuf.Scenarios.Running;

/// <summary>One scenario of the reference workload (dma-workload.md section 6.4).</summary>
public abstract class Scenario
{
    /// <summary>Gets the identifier, e.g. <c>D1</c> or <c>clean</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Gets a short title.</summary>
    public abstract string Title { get; }

    /// <summary>Gets what the scenario models, one or two sentences.</summary>
    public abstract string Models { get; }

    /// <summary>Gets what it must produce.</summary>
    public abstract ScenarioExpectation Expectation { get; }

    /// <summary>Gets the model warnings that must be logged (for the warning expectations).</summary>
    public virtual IReadOnlyList<DmaWarningCode> RequiredWarnings => [];

    /// <summary>Runs the scenario. It must never hang: real deadlocks are avoided by ordering or by instances.</summary>
    /// <param name="world">A fresh model with its runtime, heaps and helpers.</param>
    public abstract void Run(ScenarioWorld world);
}
