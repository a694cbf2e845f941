namespace SacOperator.Model;

/// <summary>An Apptainer image (SIF or sandbox) built or pulled on the host, versioned.</summary>
public sealed record Image : Resource
{
    public override string Kind => ResourceKinds.Image;

    public ImageSpec Spec { get; init; } = new();

    public ImageStatus? Status { get; init; }

    public override object SpecObject => Spec;

    public override ResourceStatus? StatusObject => Status;
}
