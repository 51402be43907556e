// Placeholder entry point until the scenario runner lands (issue 4).
Console.WriteLine("DmaBuf scenarios: not yet available.");
return 0;
