using Dept.Core.Annotations;

namespace Dept.Instrumentation.Tests.Rewriting.TestPatches;

/// <summary>
/// What the test patches saw, in order. Rewriting tests run in one collection, so one log is enough. The rewritten
/// samples run in their own load context with a second copy of this assembly (so patch signatures bind to the same
/// sample types); the log lives in an AppDomain slot of BCL types so both copies share it.
/// </summary>
internal static class PatchLog
{
    private static readonly Tuple<List<string>, List<DeptSite>> s_store = Store();
    private static readonly List<string> s_entries = s_store.Item1;
    private static readonly List<DeptSite> s_sites = s_store.Item2;

    private static Tuple<List<string>, List<DeptSite>> Store()
    {
        const string Slot = "Dept.Instrumentation.Tests.PatchLog";
        lock (AppDomain.CurrentDomain)
        {
            if (AppDomain.CurrentDomain.GetData(Slot) is not Tuple<List<string>, List<DeptSite>> store)
            {
                store = Tuple.Create(new List<string>(), new List<DeptSite>());
                AppDomain.CurrentDomain.SetData(Slot, store);
            }

            return store;
        }
    }

    public static void Add(string entry)
    {
        lock (s_entries)
        {
            s_entries.Add(entry);
        }
    }

    public static void Site(DeptSite site)
    {
        lock (s_entries)
        {
            s_sites.Add(site);
        }
    }

    public static (List<string> Entries, List<DeptSite> Sites) Take()
    {
        lock (s_entries)
        {
            var taken = (s_entries.ToList(), s_sites.ToList());
            s_entries.Clear();
            s_sites.Clear();
            return taken;
        }
    }
}
