using System.Text.Json.Serialization;
using ShangdingScore.CreditCenter.Client;

namespace ShangdingScore.CreditCenter;

/// <summary>Sign-in with a local account.</summary>
/// <param name="UserName">The sign-in name.</param>
/// <param name="Password">The password.</param>
public sealed record SignInRequest(string? UserName, string? Password);

/// <summary>Who is signed in.</summary>
/// <param name="UserName">The sign-in name.</param>
/// <param name="Role">The role: <c>citizen</c>, <c>venue</c> or <c>center</c>.</param>
/// <param name="Subject">For a citizen, the subject id.</param>
public sealed record SignedInResponse(string UserName, string Role, string? Subject);

/// <summary>A citizen issues a grant for a venue.</summary>
/// <param name="VenueId">The registered venue the grant is for.</param>
/// <param name="Purpose">A benefit code or a family code of the catalog.</param>
/// <param name="Scope"><c>decision</c>, <c>grade</c> or <c>score-with-explanation</c>.</param>
/// <param name="ValidMinutes">How long it holds, in minutes (at least 1, at most the center's maximum).</param>
public sealed record IssueGrantRequest(string? VenueId, string? Purpose, string? Scope, int? ValidMinutes);

/// <summary>A grant just issued: the token to show the venue (for example as a QR code).</summary>
/// <param name="Token">The signed grant token (<c>sdg1.…</c>).</param>
/// <param name="Grant">The grant as the center remembers it.</param>
public sealed record IssuedGrantResponse(string Token, GrantView Grant);

/// <summary>A grant a citizen issued.</summary>
/// <param name="Nonce">Its identity (revoke it by this).</param>
/// <param name="VenueId">The venue it is for.</param>
/// <param name="Purpose">Its purpose.</param>
/// <param name="Scope">Its scope.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops holding.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record GrantView(string Nonce, string VenueId, string Purpose, string Scope, string IssuedAt, string ExpiresAt, string? RevokedAt);

/// <summary>One query of the query log.</summary>
/// <param name="At">When.</param>
/// <param name="VenueId">Who asked.</param>
/// <param name="Purpose">The benefit asked about.</param>
/// <param name="RequestedScope">The scope asked for, if any.</param>
/// <param name="Disclosed">What was disclosed.</param>
/// <param name="Outcome"><c>answered</c>, <c>refused</c> or <c>error</c>.</param>
/// <param name="ReasonCode">The reason code.</param>
public sealed record QueryView(string At, string VenueId, string Purpose, string? RequestedScope, IReadOnlyList<string> Disclosed, string Outcome, string ReasonCode);

/// <summary>A citizen enrols (opts in), accepting the consent text by its version and hash (<c>GET /api/consent-text</c>).</summary>
/// <param name="ConsentTextVersion">The consent text's version.</param>
/// <param name="ConsentTextHash">The consent text's hash.</param>
/// <param name="BirthDate">The birth date (<c>yyyy-MM-dd</c>), when the policy asks for the age.</param>
public sealed record EnrolRequest(string? ConsentTextVersion, string? ConsentTextHash, string? BirthDate);

/// <summary>A citizen withdraws.</summary>
/// <param name="Reason">Why, if they say.</param>
public sealed record WithdrawRequest(string? Reason);

/// <summary>A dispute or a repair application about one record.</summary>
/// <param name="RecordId">The record.</param>
/// <param name="Reason">Why.</param>
/// <param name="Evidence">References to evidence.</param>
public sealed record CaseRequest(string? RecordId, string? Reason, IReadOnlyList<string>? Evidence);

/// <summary>The consent text a citizen accepts to enrol.</summary>
/// <param name="Version">Its version.</param>
/// <param name="Hash">Its hash, to send back when enrolling.</param>
/// <param name="Text">The text.</param>
public sealed record ConsentTextView(string Version, string Hash, WireText Text);

/// <summary>A dispute case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Subject">The citizen.</param>
/// <param name="RecordId">The record disputed.</param>
/// <param name="Provider">The record's provider.</param>
/// <param name="Status"><c>pending</c>, <c>upheld</c>, <c>rejected</c>….</param>
/// <param name="FiledOn">The day filed.</param>
/// <param name="Deadline">The day it must be decided by.</param>
/// <param name="Overdue">Whether it is past its deadline and still pending.</param>
/// <param name="Suspends">Whether the record is suspended meanwhile.</param>
public sealed record DisputeView(string CaseId, string Subject, string RecordId, string Provider, string Status, string FiledOn, string Deadline, bool Overdue, bool Suspends);

/// <summary>A repair case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="RecordId">The record.</param>
/// <param name="Status">Its status.</param>
/// <param name="AppliedAt">When applied.</param>
/// <param name="EligibleFrom">The first day the record can be repaired.</param>
/// <param name="EffectiveOn">For an approved repair, the day the record stopped counting.</param>
public sealed record RepairView(string CaseId, string RecordId, string Status, string AppliedAt, string EligibleFrom, string? EffectiveOn);

/// <summary>A citizen's rights: enrolment, disputes and repairs.</summary>
/// <param name="Enrolled">Whether enrolled today.</param>
/// <param name="Disputes">The disputes.</param>
/// <param name="Repairs">The repair applications.</param>
public sealed record RightsView(bool Enrolled, IReadOnlyList<DisputeView> Disputes, IReadOnlyList<RepairView> Repairs);

/// <summary>The center decides a dispute.</summary>
/// <param name="Outcome"><c>upheld</c> or <c>rejected</c>.</param>
/// <param name="ReasonZhCn">The reason in zh-CN.</param>
/// <param name="ReasonEn">The reason in English.</param>
public sealed record DisputeDecisionRequest(string? Outcome, string? ReasonZhCn, string? ReasonEn);

/// <summary>The center decides a repair application.</summary>
/// <param name="Approve">Whether approved.</param>
/// <param name="ReasonZhCn">The reason in zh-CN.</param>
/// <param name="ReasonEn">The reason in English.</param>
/// <param name="EffectiveOn">For an approval, the day the record stops counting (yyyy-MM-dd, not before it became repairable); default today.</param>
public sealed record RepairDecisionRequest(bool? Approve, string? ReasonZhCn, string? ReasonEn, string? EffectiveOn = null);

/// <summary>The center registers a venue.</summary>
/// <param name="VenueId">Its id (1–64 printable ASCII characters, no <c>:</c>).</param>
/// <param name="NameZhCn">Its name in zh-CN.</param>
/// <param name="NameEn">Its name in English.</param>
/// <param name="Kind">Its kind, for example <c>library</c>.</param>
public sealed record RegisterVenueRequest(string? VenueId, string? NameZhCn, string? NameEn, string? Kind);

/// <summary>A venue's credentials, shown once.</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Secret">The secret (base64url, 32 bytes); the center keeps only its hash.</param>
/// <param name="Authorization">The <c>Authorization</c> header value to send.</param>
public sealed record VenueCredentialsResponse(string VenueId, string Secret, string Authorization);

/// <summary>A registered venue.</summary>
/// <param name="VenueId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="RegisteredAt">When registered.</param>
/// <param name="CredentialReplacedAt">When its credential was last replaced.</param>
/// <param name="DisabledAt">When disabled.</param>
public sealed record VenueView(string VenueId, WireText Name, string Kind, string RegisteredAt, string? CredentialReplacedAt, string? DisabledAt);

/// <summary>A rule-set version.</summary>
/// <param name="Id">The rule set's id.</param>
/// <param name="Version">Its version.</param>
/// <param name="EffectiveFrom">The day it takes effect.</param>
/// <param name="ContentHash">Its content hash.</param>
/// <param name="InForce">Whether it is the version in force today.</param>
public sealed record RuleSetView(string Id, string Version, string EffectiveFrom, string ContentHash, bool InForce);

/// <summary>A line an import set aside.</summary>
/// <param name="Source">The source file.</param>
/// <param name="Line">The line number.</param>
/// <param name="Field">The field at fault.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">The message.</param>
public sealed record SetAsideView(string? Source, long Line, string? Field, string Reason, string Message);

/// <summary>What the theme database keeps (it keeps no import history: these counts and the set-aside lines are what it has).</summary>
/// <param name="Subjects">Subjects.</param>
/// <param name="Copies">Record copies.</param>
/// <param name="Rejects">Set-aside lines.</param>
/// <param name="Scores">Stored scores.</param>
/// <param name="SetAside">The set-aside lines, at most the limit asked.</param>
public sealed record ImportsView(long Subjects, long Copies, long Rejects, long Scores, IReadOnlyList<SetAsideView> SetAside);

/// <summary>The impact of moving between two rule-set versions on one day.</summary>
/// <param name="From">The old version.</param>
/// <param name="To">The new version.</param>
/// <param name="AsOf">The day.</param>
/// <param name="Subjects">Subjects scanned.</param>
/// <param name="Scored">Subjects scored under both.</param>
/// <param name="ScoreUp">Subjects whose score rose.</param>
/// <param name="ScoreDown">Subjects whose score fell.</param>
/// <param name="Cells">Subjects moving from grade to grade.</param>
/// <param name="Benefits">Benefits gained and lost.</param>
public sealed record ImpactView(string From, string To, string AsOf, long Subjects, long Scored, long ScoreUp, long ScoreDown, IReadOnlyList<ImpactCellView> Cells, IReadOnlyList<BenefitShiftView> Benefits);

/// <summary>One cell of the grade transition matrix.</summary>
/// <param name="From">The grade before.</param>
/// <param name="To">The grade after.</param>
/// <param name="Count">How many subjects (null when suppressed as too few).</param>
public sealed record ImpactCellView(string From, string To, long? Count);

/// <summary>A benefit's shift.</summary>
/// <param name="Code">The benefit.</param>
/// <param name="Gained">Subjects who gain it.</param>
/// <param name="Lost">Subjects who lose it.</param>
public sealed record BenefitShiftView(string Code, long? Gained, long? Lost);

/// <summary>The JSON of the center's own wire types (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(WireKeySet))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(SignedInResponse))]
[JsonSerializable(typeof(IssueGrantRequest))]
[JsonSerializable(typeof(IssuedGrantResponse))]
[JsonSerializable(typeof(List<GrantView>))]
[JsonSerializable(typeof(List<QueryView>))]
[JsonSerializable(typeof(EnrolRequest))]
[JsonSerializable(typeof(WithdrawRequest))]
[JsonSerializable(typeof(CaseRequest))]
[JsonSerializable(typeof(ConsentTextView))]
[JsonSerializable(typeof(DisputeView))]
[JsonSerializable(typeof(List<DisputeView>))]
[JsonSerializable(typeof(RepairView))]
[JsonSerializable(typeof(List<RepairView>))]
[JsonSerializable(typeof(RightsView))]
[JsonSerializable(typeof(DisputeDecisionRequest))]
[JsonSerializable(typeof(RepairDecisionRequest))]
[JsonSerializable(typeof(RegisterVenueRequest))]
[JsonSerializable(typeof(VenueCredentialsResponse))]
[JsonSerializable(typeof(List<VenueView>))]
[JsonSerializable(typeof(List<RuleSetView>))]
[JsonSerializable(typeof(ImportsView))]
[JsonSerializable(typeof(ImpactView))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CenterJsonContext : JsonSerializerContext
{
}
