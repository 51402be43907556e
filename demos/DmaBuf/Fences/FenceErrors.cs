namespace DmaBuf.Fences;

/// <summary>The negative errno values fences carry as their error (<c>fence->error</c>).</summary>
public static class FenceErrors
{
    /// <summary><c>-ENOENT</c>: sw_sync's teardown signals the points left on a released timeline with it.</summary>
    public const int NoEntry = -2;

    /// <summary><c>-EDEADLK</c>: set when a fence is released with callbacks pending.</summary>
    public const int Deadlock = -35;

    /// <summary><c>-ENODATA</c>.</summary>
    public const int NoData = -61;

    /// <summary><c>-ETIME</c>: timeout or reset.</summary>
    public const int Timeout = -62;

    /// <summary><c>-ECANCELED</c>: the whole context was cancelled.</summary>
    public const int Canceled = -125;

    /// <summary>The lowest valid errno (<c>-MAX_ERRNO</c>).</summary>
    public const int MinErrno = -4095;
}
