using System.Runtime.InteropServices;

namespace Weft.Cli.Working;

/// <summary>Ctrl-C (SIGINT) and SIGTERM: the first asks to stop (<see cref="Stop"/>), the second to abort (<see cref="Abort"/>).</summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Stop => _stop.Token;

    public CancellationToken Abort => _abort.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends when the command returns, not now
        var source = Interlocked.Increment(ref _received) == 1 ? _stop : _abort;
        _ = source.CancelAsync();
    }
}
