namespace DmaBuf.Fences;

/// <summary>The token of one signalling critical section, returned by <see cref="FenceSignalling.Begin"/>.</summary>
public readonly record struct SignallingCookie;
