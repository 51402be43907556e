namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// A clear, user-facing rewriting error: a bad patch declaration (naming the patch class and parameter) or an
/// assembly Dept refuses to rewrite (naming the file and why). The file being rewritten is left untouched.
/// </summary>
public sealed class DeptRewriteException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public DeptRewriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DeptRewriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeptRewriteException()
        : base("Dept could not rewrite the assembly.")
    {
    }
}
