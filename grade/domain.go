package grade

import (
	"fmt"
	"strconv"
	"strings"
)

// A Domain is a GRADE reason for rating certainty down or up.
type Domain int

// The five domains for rating down and the three for rating up.
const (
	NoDomain             Domain = iota // the zero Domain: not set
	RiskOfBias                         // rating down: limitations in design or execution
	Inconsistency                      // rating down: unexplained heterogeneity
	Indirectness                       // rating down: population, intervention or outcome differ
	Imprecision                        // rating down: wide intervals, few events or participants
	PublicationBias                    // rating down: selective publication or reporting
	LargeEffect                        // rating up: large (+1) or very large (+2) effect
	DoseResponse                       // rating up: dose-response gradient (+1)
	PlausibleConfounding               // rating up: all plausible confounding would reduce the effect (+1)
)

// DowngradeDomains returns the five domains for rating down, in GRADE's
// order. The slice is new on every call.
func DowngradeDomains() []Domain {
	return []Domain{RiskOfBias, Inconsistency, Indirectness, Imprecision, PublicationBias}
}

// UpgradeDomains returns the three domains for rating up, in GRADE's
// order. The slice is new on every call.
func UpgradeDomains() []Domain { return []Domain{LargeEffect, DoseResponse, PlausibleConfounding} }

type domainInfo struct {
	code  string // snake_case code written back: "risk_of_bias"
	label string // prose and trail: "risk of bias"
	fhir  string // FHIR certainty-type code
	maxUp int    // largest upgrade allowed; 0 for downgrade domains
}

var domainTable = [...]domainInfo{
	NoDomain:             {"", "", "", 0},
	RiskOfBias:           {"risk_of_bias", "risk of bias", "RiskOfBias", 0},
	Inconsistency:        {"inconsistency", "inconsistency", "Inconsistency", 0},
	Indirectness:         {"indirectness", "indirectness", "Indirectness", 0},
	Imprecision:          {"imprecision", "imprecision", "Imprecision", 0},
	PublicationBias:      {"publication_bias", "publication bias", "PublicationBias", 0},
	LargeEffect:          {"large_effect", "large effect", "LargeEffect", 2},
	DoseResponse:         {"dose_response", "dose-response gradient", "DoseResponseGradient", 1},
	PlausibleConfounding: {"plausible_confounding", "plausible confounding", "PlausibleConfounding", 1},
}

// domainAliases maps normalised spellings (see normKey) to domains: the GRADE
// names, the seed's names in its three files and the FHIR codes.
var domainAliases = map[string]Domain{
	"risk_of_bias": RiskOfBias, "bias": RiskOfBias, "riskofbias": RiskOfBias, "study_limitations": RiskOfBias,
	"limitations": RiskOfBias, "methodology": RiskOfBias,
	"inconsistency": Inconsistency, "consistency": Inconsistency, "heterogeneity": Inconsistency,
	"indirectness": Indirectness, "directness": Indirectness,
	"imprecision": Imprecision, "precision": Imprecision,
	"publication_bias": PublicationBias, "publicationbias": PublicationBias, "reporting_bias": PublicationBias,
	"large_effect": LargeEffect, "largeeffect": LargeEffect, "large_magnitude_effect": LargeEffect,
	"magnitude_of_effect": LargeEffect, "large_magnitude_of_effect": LargeEffect, "very_large_effect": LargeEffect,
	"strong_effect": LargeEffect,
	"dose_response": DoseResponse, "doseresponse": DoseResponse, "dose_response_gradient": DoseResponse,
	"doseresponsegradient":  DoseResponse,
	"plausible_confounding": PlausibleConfounding, "plausibleconfounding": PlausibleConfounding,
	"opposing_confounders": PlausibleConfounding, "confounding": PlausibleConfounding,
	"opposing_confounding": PlausibleConfounding, "residual_confounding": PlausibleConfounding,
}

// ParseDomain reads a domain in any of its spellings: "risk of bias",
// "risk-of-bias", "risk_of_bias", the seed's "bias" and
// "large_magnitude_effect", or the FHIR code "RiskOfBias".
func ParseDomain(s string) (Domain, error) {
	if d, ok := domainAliases[normKey(s)]; ok {
		return d, nil
	}
	return NoDomain, fmt.Errorf("unknown GRADE domain %q", s)
}

// String returns the domain as prose: "risk of bias".
func (d Domain) String() string {
	if !d.valid() {
		return fmt.Sprintf("Domain(%d)", int(d))
	}
	return domainTable[d].label
}

// Code returns the snake_case code that ParseAssessment reads and the
// assessment writer writes: "risk_of_bias".
func (d Domain) Code() string {
	if !d.valid() {
		return ""
	}
	return domainTable[d].code
}

// FHIR returns the domain's code in the FHIR R5 certainty-type value set:
// "RiskOfBias", ..., "DoseResponseGradient".
func (d Domain) FHIR() string {
	if !d.valid() {
		return ""
	}
	return domainTable[d].fhir
}

// IsDowngrade reports whether d is a domain for rating down.
func (d Domain) IsDowngrade() bool { return d >= RiskOfBias && d <= PublicationBias }

// IsUpgrade reports whether d is a domain for rating up.
func (d Domain) IsUpgrade() bool { return d >= LargeEffect && d <= PlausibleConfounding }

func (d Domain) valid() bool { return d > NoDomain && int(d) < len(domainTable) }

// MarshalText writes the snake_case code.
func (d Domain) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("cannot marshal invalid domain %d", int(d))
	}
	return []byte(d.Code()), nil
}

// UnmarshalText reads any spelling ParseDomain accepts.
func (d *Domain) UnmarshalText(b []byte) error {
	v, err := ParseDomain(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Seriousness is how many levels a rating down (or up) moves the certainty:
// Serious 1, VerySerious 2, ExtremelySerious 3. For rating up the seed
// reuses the words: a "very serious" large effect is a very large effect, +2.
type Seriousness int

// Seriousness values; the zero value means no concern.
const (
	NoConcern        Seriousness = iota // not rated down (FHIR no-concern)
	Serious                             // one level
	VerySerious                         // two levels
	ExtremelySerious                    // three levels (GRADE wording since 2020)
)

var seriousnessCodes = [...]string{"none", "serious", "very_serious", "extremely_serious"}

var seriousnessAliases = map[string]Seriousness{
	"none": NoConcern, "no": NoConcern, "no_concern": NoConcern, "not_serious": NoConcern, "0": NoConcern,
	"serious": Serious, "serious_concern": Serious, "1": Serious, "+1": Serious, "-1": Serious,
	"large": Serious, "downcode1": Serious, "upcode1": Serious,
	"very_serious": VerySerious, "veryserious": VerySerious, "very_serious_concern": VerySerious,
	"2": VerySerious, "+2": VerySerious, "-2": VerySerious, "very_large": VerySerious,
	"downcode2": VerySerious, "upcode2": VerySerious,
	"extremely_serious": ExtremelySerious, "extremelyserious": ExtremelySerious,
	"extremely_serious_concern": ExtremelySerious, "3": ExtremelySerious, "-3": ExtremelySerious,
	"downcode3": ExtremelySerious,
}

// ParseSeriousness reads "serious", "very serious", "very-serious",
// "VERY_SERIOUS", "extremely serious", a signed or unsigned number of levels
// ("-1", "2"), "large"/"very large" for effects, or "none".
func ParseSeriousness(s string) (Seriousness, error) {
	if v, ok := seriousnessAliases[normKey(s)]; ok {
		return v, nil
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return NoConcern, fmt.Errorf("severity %d is out of range (at most 3 levels)", n)
	}
	return NoConcern, fmt.Errorf("unknown severity %q (want serious, very serious or extremely serious)", s)
}

// Steps returns the number of levels: 0 to 3.
func (s Seriousness) Steps() int { return int(s) }

// String returns the prose form used in the trail: "serious", "very serious",
// "extremely serious"; "none" for NoConcern.
func (s Seriousness) String() string {
	if s < NoConcern || s > ExtremelySerious {
		return fmt.Sprintf("Seriousness(%d)", int(s))
	}
	return strings.ReplaceAll(seriousnessCodes[s], "_", " ")
}

// Code returns the snake_case code: "none", "serious", "very_serious",
// "extremely_serious".
func (s Seriousness) Code() string {
	if s < NoConcern || s > ExtremelySerious {
		return ""
	}
	return seriousnessCodes[s]
}

// MarshalText writes the snake_case code.
func (s Seriousness) MarshalText() ([]byte, error) {
	if s < NoConcern || s > ExtremelySerious {
		return nil, fmt.Errorf("cannot marshal invalid severity %d", int(s))
	}
	return []byte(s.Code()), nil
}

// UnmarshalText reads any spelling ParseSeriousness accepts.
func (s *Seriousness) UnmarshalText(b []byte) error {
	v, err := ParseSeriousness(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
