namespace DmaBuf.Diagnostics;

/// <summary>The contract violations the model detects itself (as the kernel does with <c>WARN</c>).</summary>
public enum DmaWarningCode
{
    /// <summary>A fence was released with callbacks still pending; it was signalled with <c>-EDEADLK</c>.</summary>
    ReleasedWithPendingSignals,

    /// <summary><c>dma_fence_set_error</c> on a fence that had already signalled (seed 004).</summary>
    SetErrorAfterSignal,

    /// <summary>The last reference of a fence was dropped inside its own callback, under its own lock (D6b).</summary>
    FinalPutInCallback,

    /// <summary>A fence's timestamp was read before it signalled.</summary>
    TimestampBeforeSignal,

    /// <summary>Two fences of different contexts were compared.</summary>
    DifferentContexts,

    /// <summary>A container fence was nested inside another container or added to a reservation object.</summary>
    ContainerNested,

    /// <summary>A userspace-controlled (indefinite) fence was used as a DMA fence.</summary>
    IndefiniteFence,

    /// <summary>A wound/wait context kept locking after <c>-EDEADLK</c> without backing off.</summary>
    DeadlockNotBackedOff,

    /// <summary>A buffer was released with attachments or kernel mappings left.</summary>
    BufferReleasedInUse,

    /// <summary><c>dma_fence_context_alloc(0)</c>.</summary>
    ZeroContexts,

    /// <summary>A driver was unloaded while fences it alone could signal were unsignalled and waited on.</summary>
    DriverUnloadedWithPendingFences,

    /// <summary>A driver's data (ops, names, lock) was used after it was freed: no RCU grace period protected the reader.</summary>
    DriverDataUsedAfterFree,

    /// <summary>A timeline was torn down with points unsignalled and waited on; nothing can signal them any more.</summary>
    TimelineTornDownWithPendingFences,

    /// <summary>The only signaller of an indefinite (userspace-controlled) fence went away without signalling it.</summary>
    IndefiniteFenceAbandoned,

    /// <summary>A heap name broke the naming rules (seeds 000/001) or was already registered; the heap was refused.</summary>
    HeapNameRejected,
}
