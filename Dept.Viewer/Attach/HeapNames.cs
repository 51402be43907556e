using Microsoft.Diagnostics.Runtime;

namespace Dept.Viewer.Attach;

/// <summary>
/// Names from the target's heap (#14): the field that holds each lock object (static fields first, then one walk of
/// the heap for instance fields) and the managed names of the deadlocked threads (<c>Thread._name</c>). The walk is
/// bounded: a huge heap leaves the rest unnamed rather than keeping the target suspended.
/// </summary>
internal static class HeapNames
{
    private const int MaxObjects = 5_000_000;

    public static (Dictionary<long, string> ThreadNames, Dictionary<ulong, string> Owners) Find(
        ClrRuntime runtime, IReadOnlyDictionary<int, long> managedToOs, IReadOnlyCollection<ulong> lockObjects)
    {
        var names = new Dictionary<long, string>();
        var owners = new Dictionary<ulong, string>();
        var wanted = lockObjects.Where(a => a != 0).ToHashSet();
        StaticOwners(runtime, wanted, owners);

        var heap = runtime.Heap;
        if (!heap.CanWalkHeap)
        {
            return (names, owners);
        }

        var seen = 0;
        foreach (var obj in heap.EnumerateObjects())
        {
            if (++seen > MaxObjects || (names.Count == managedToOs.Count && owners.Count == wanted.Count))
            {
                break;
            }

            if (obj.Type is not { } type)
            {
                continue;
            }

            if (type.Name == "System.Threading.Thread" && obj.TryReadField<int>("_managedThreadId", out var id)
                && managedToOs.TryGetValue(id, out var os) && obj.TryReadStringField("_name", maxLength: 256, out var name) && name is not null)
            {
                names[os] = name;
            }

            if (owners.Count == wanted.Count || !type.ContainsPointers)
            {
                continue;
            }

            foreach (var reference in obj.EnumerateReferencesWithFields(carefully: false, considerDependantHandles: false))
            {
                if (reference.IsField && reference.Field is { } field && wanted.Contains(reference.Object.Address) && !owners.ContainsKey(reference.Object.Address))
                {
                    owners[reference.Object.Address] = Owner(type.Name, field.Name, reference.Object);
                }
            }
        }

        return (names, owners);
    }

    private static void StaticOwners(ClrRuntime runtime, HashSet<ulong> wanted, Dictionary<ulong, string> owners)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var domain in runtime.AppDomains)
        {
            foreach (var module in domain.Modules)
            {
                foreach (var type in module.EnumerateTypesWithStaticFields())
                {
                    foreach (var field in type.StaticFields)
                    {
                        if (!field.IsObjectReference || !field.IsInitialized(domain))
                        {
                            continue;
                        }

                        var value = field.ReadObject(domain);
                        if (value.IsValid && wanted.Contains(value.Address) && !owners.ContainsKey(value.Address))
                        {
                            owners[value.Address] = Owner(type.Name, field.Name, value);
                        }
                    }
                }
            }
        }
    }

    // "Orders.Account._sync (System.Object)"; a closure's captured local reads "Program.Main: local gate (System.Object)".
    private static string Owner(string? owner, string? field, ClrObject value)
    {
        var readable = FrameNames.Readable((owner ?? "?") + "." + (field ?? "?"));
        return $"{readable} ({value.Type?.Name ?? "object"})";
    }
}
