// Who disposes a LinkSession. A session written by Resolve-ElfSymbol straight into Write-ElfExecutable, the next
// command of the same pipeline, is held by nothing else: Write-ElfExecutable disposes it when it is done, which
// releases the inputs' memory when the pipeline ends. A session kept anywhere (assigned, -OutVariable,
// -PipelineVariable, Tee-Object or any command in between) is the user's, to write again and to dispose.
using System.Management.Automation;
using Wild.Engine;

namespace Wild.PowerShell.Pipeline;

internal static class SessionOwnership
{
    // Downstream commands run inside the upstream WriteObject call, on the same thread: while Resolve-ElfSymbol
    // is writing its session, this names it and where Resolve-ElfSymbol stands in its pipeline.
    [ThreadStatic] private static (LinkSession Session, InvocationInfo Producer)? _inFlight;

    /// <summary>Writes the session on; marks it as pipeline-owned when nothing but the next command can hold it.</summary>
    public static void WriteSession(PSCmdlet producer, LinkSession session)
    {
        var bound = producer.MyInvocation.BoundParameters;
        bool kept = producer.MyInvocation.PipelinePosition >= producer.MyInvocation.PipelineLength
                    || bound.ContainsKey("OutVariable") || bound.ContainsKey("PipelineVariable");
        var previous = _inFlight;
        _inFlight = kept ? null : (session, producer.MyInvocation);
        try
        {
            producer.WriteObject(session);
        }
        finally
        {
            _inFlight = previous;
        }
    }

    /// <summary>True when <paramref name="session"/> came to <paramref name="consumer"/> straight from the command before it.</summary>
    public static bool IsPipelineOwned(LinkSession session, InvocationInfo consumer) =>
        _inFlight is { } f && ReferenceEquals(f.Session, session)
        && f.Producer.HistoryId == consumer.HistoryId
        && f.Producer.PipelineLength == consumer.PipelineLength
        && f.Producer.PipelinePosition + 1 == consumer.PipelinePosition;
}
