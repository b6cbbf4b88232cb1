using System.Globalization;
using BenchmarkDotNet.Running;
using Weft.Bench.EndToEnd;
using Weft.Bench.Suite;

// The suite (docs/benchmarks.md) unless the arguments ask for another mode:
//   e2e [instances] [parallelism]   the older end-to-end harness (server and Runner in one process)
//   --filter '*Flow*' (or any BenchmarkDotNet option)   the BenchmarkDotNet micro-benchmarks of this assembly
if (args is ["e2e", ..])
{
    var instances = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
    var parallelism = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
    await EndToEndHarness.RunAsync(instances, parallelism);
    return 0;
}

if (BenchOptions.IsBenchmarkDotNet(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

if (args is ["--help" or "-h" or "help", ..])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"weft bench: {ex.Message} Run with --help for the options.");
    return 2;
}

return await BenchSuite.RunAsync(options);
