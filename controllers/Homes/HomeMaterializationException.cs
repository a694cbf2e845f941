namespace SacOperator.Homes;

/// <summary>The agent's home cannot be materialised as its layers ask; the message names the layer and file.</summary>
public sealed class HomeMaterializationException(string message) : Exception(message);
