namespace DmaBuf.Fences;

/// <summary>Why a fence's signal can no longer happen (<see cref="FenceAbandonment"/>).</summary>
public enum FenceAbandonReason
{
    /// <summary>The last reference was put while callbacks were queued (<c>released with pending signals!</c>, D13).</summary>
    ReleasedWithPendingSignals,

    /// <summary>The driver that alone could signal it was unloaded (D14).</summary>
    DriverUnloaded,

    /// <summary>Its timeline was torn down without signalling its points (D15, D16).</summary>
    TimelineTornDown,

    /// <summary>The only signaller of an indefinite fence went away (D17).</summary>
    SignallerGone,
}
