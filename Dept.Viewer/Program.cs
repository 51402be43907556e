using Dept.Viewer.Cli;

return DeptCli.Run(args);
