namespace Dept.Rewriting.Samples;

/// <summary>A value-type receiver, shaped like <c>Lock.Scope</c>.</summary>
public struct Token
{
    public int Uses;

    public void Use() => Uses++;
}
