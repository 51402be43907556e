namespace Dept.Viewer.Attach;

/// <summary>
/// What one ClrMD snapshot tells about a deadlock's threads and locks (#6, #14): each thread's stack (readable frame
/// names, <c>File.cs:line</c> from the PDBs), its managed name, and for each lock object the field that holds it.
/// </summary>
/// <param name="Stacks">By OS thread id, innermost frame first.</param>
/// <param name="ThreadNames">By OS thread id, for threads that were given a name.</param>
/// <param name="ObjectOwners">By object address: <c>Type.Field</c> of the static or instance field holding it, with the object's type.</param>
internal sealed record ClrMdDetails(
    IReadOnlyDictionary<long, IReadOnlyList<string>> Stacks,
    IReadOnlyDictionary<long, string> ThreadNames,
    IReadOnlyDictionary<ulong, string> ObjectOwners)
{
    public static ClrMdDetails Empty { get; } = new(new Dictionary<long, IReadOnlyList<string>>(), new Dictionary<long, string>(), new Dictionary<ulong, string>());
}
