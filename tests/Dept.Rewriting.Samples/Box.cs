namespace Dept.Rewriting.Samples;

/// <summary>A generic primitive, shaped like <c>TaskCompletionSource&lt;T&gt;.SetResult(!0)</c>.</summary>
public sealed class Box<T>
{
    public T? Value { get; private set; }

    public void Set(T value) => Value = value;
}
