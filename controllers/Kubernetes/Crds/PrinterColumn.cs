namespace SacOperator.Kubernetes.Crds;

/// <summary>A column of <c>kubectl get</c> (<c>additionalPrinterColumns</c>); priority 1 shows only with <c>-o wide</c>.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority = 0);
