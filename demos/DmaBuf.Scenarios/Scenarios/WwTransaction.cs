using DmaBuf.Reservation;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>The ww_mutex acquire loop every multi-buffer submission uses (dma-workload.md section 3).</summary>
internal static class WwTransaction
{
    /// <summary>Locks every object with the back-off protocol and returns how often it backed off.</summary>
    /// <param name="context">The acquire context.</param>
    /// <param name="objects">The objects, in the caller's order.</param>
    /// <param name="afterFirst">Called once after the first lock, to force contention in demos; optional.</param>
    /// <returns>The number of back-offs.</returns>
    public static int LockAll(WwAcquireContext context, IReadOnlyList<ReservationObject> objects, Action? afterFirst = null)
    {
        var backOffs = 0;
        ReservationObject? slow = null;
        while (true)
        {
            ReservationObject? contended = null;
            foreach (var obj in objects)
            {
                if (ReferenceEquals(obj, slow))
                {
                    continue; // Already taken with LockSlow.
                }

                if (obj.Lock(context) == WwLockResult.Deadlock)
                {
                    contended = obj;
                    break;
                }

                if (afterFirst is not null)
                {
                    afterFirst();
                    afterFirst = null;
                }
            }

            if (contended is null)
            {
                context.Done();
                return backOffs;
            }

            // -EDEADLK: we are younger. Unlock everything, sleep on the contended lock, retry the rest.
            backOffs++;
            UnlockAll(objects);
            contended.LockSlow(context);
            slow = contended;
        }
    }

    /// <summary>Unlocks every object this thread holds.</summary>
    /// <param name="objects">The objects.</param>
    public static void UnlockAll(IReadOnlyList<ReservationObject> objects)
    {
        foreach (var obj in objects.Where(o => o.IsHeldByCurrentThread))
        {
            obj.Unlock();
        }
    }
}
