namespace Dept.Rewriting.Samples;

/// <summary>A small user primitive that test patches target.</summary>
public sealed class Gate
{
    public int Passes { get; private set; }

    public int Pass(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Passes += count;
        return Passes;
    }

    public void Ping() => Passes++;

    public T Echo<T>(T value) => value;
}
