namespace Dept.Viewer.Endpoint;

/// <summary>The endpoint could not start: invalid options, refused address, port in use.</summary>
public sealed class DeptEndpointException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public DeptEndpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public DeptEndpointException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DeptEndpointException()
        : base("the Dept endpoint could not start")
    {
    }
}
