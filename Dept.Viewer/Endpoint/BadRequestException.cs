namespace Dept.Viewer.Endpoint;

/// <summary>A request parameter is invalid; the pipeline turns it into a 400 (or <see cref="Status"/>) JSON error.</summary>
internal sealed class BadRequestException(string message, int status = 400) : Exception(message)
{
    /// <summary>The HTTP status to answer with.</summary>
    public int Status { get; } = status;
}
