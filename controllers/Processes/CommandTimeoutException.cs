namespace SacOperator.Processes;

public sealed class CommandTimeoutException(string command, TimeSpan timeout)
    : Exception($"'{command}' did not finish within {timeout.TotalSeconds:0.#}s and was killed");
