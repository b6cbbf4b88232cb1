using BenchmarkDotNet.Running;

// Lists every benchmark class of this assembly; pick with --filter (for example --filter '*Flow*').
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
