namespace Dept.Core.Snapshots;

/// <summary>A report document could not be read: the message names the problem and, when known, where it is.</summary>
public sealed class DeptDocumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeptDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DeptDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message (serialization support).</summary>
    public DeptDocumentException()
        : base("The Dept report document is invalid.")
    {
    }
}
