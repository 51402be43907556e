using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Live;

/// <summary>
/// A reporter that publishes into an engine (<see cref="DeptEngine.Publish"/>): the report joins the engine's
/// reports, documents and endpoint, and reaches the engine's reporters once.
/// </summary>
/// <param name="engine">The engine to publish into.</param>
public sealed class EnginePublisher(DeptEngine engine) : IDeptReporter
{
    private readonly DeptEngine _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc/>
    public void Report(DeptReport report) => _engine.Publish(report);
}
