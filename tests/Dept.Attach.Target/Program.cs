using Dept.Attach.Target;

// Usage: dotnet Dept.Attach.Target.dll <mode>. See Scenarios for the modes.
Protocol.Line($"pid {Environment.ProcessId}");
if (args.Length != 1 || !Scenarios.TryStart(args[0]))
{
    Console.Error.WriteLine($"usage: Dept.Attach.Target <{string.Join('|', Scenarios.Modes)}>");
    return 64;
}

Protocol.WaitForExit();
return 0;
