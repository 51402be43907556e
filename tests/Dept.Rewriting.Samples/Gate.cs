namespace Dept.Rewriting.Samples;

/// <summary>A small user primitive that test patches target.</summary>
public sealed class Gate
{
    public int Passes { get; private set; }

    // Kept out of line so Release stack traces still show this frame (the PDB test reads it).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
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
