using MLNetConcepts.Cli;

// The mlnetconcepts command line: a thin layer over the library. Commands live in Commands/.
return await CommandRunner.RunAsync(CliApp.CreateRootCommand(), args);
