using System.Reflection;
using Dept.Patches.Targets;

// Usage: Dept.Patches.Targets <scenario>... ; runs each public static method of Scenarios by name.
foreach (var name in args)
{
    var method = (name == nameof(ManyCycles) ? typeof(ManyCycles).GetMethod(nameof(ManyCycles.Run)) : typeof(Scenarios).GetMethod(name, BindingFlags.Public | BindingFlags.Static))
        ?? throw new ArgumentException($"unknown scenario '{name}'");
    Console.WriteLine($"{name}: {method.Invoke(null, null)}");
}

return 0;
