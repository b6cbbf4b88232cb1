using BenchmarkDotNet.Running;
using Weft.Bench.EndToEnd;

// `e2e [instances] [parallelism]` runs the end-to-end harness (a real server and worker over HTTP);
// anything else lists the BenchmarkDotNet benchmarks of this assembly: pick with --filter (e.g. --filter '*Flow*').
if (args is ["e2e", ..])
{
    var instances = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
    var parallelism = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 32;
    await EndToEndHarness.RunAsync(instances, parallelism);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
