namespace Dept.Core.Files;

/// <summary>
/// Dept refused to read or replace a file for a reason it names: the output is one of the inputs, not a regular
/// file, read-only, or the input is too large or not a regular file. Nothing was written.
/// </summary>
public sealed class FileRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FileRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public FileRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public FileRefusedException()
        : base("Dept refused the file.")
    {
    }
}
