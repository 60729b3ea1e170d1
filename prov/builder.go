package prov

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// Artifact is a file for [Generated]: its project-relative path and contents.
type Artifact struct {
	// Path is the project-relative path, with forward slashes; the entity id
	// is "urn:aiwg:artifact:" + Path.
	Path string
	// Type is the seed entity type (document, code, data, ...); "" means
	// "document".
	Type string
	// Content is the file's bytes; its sha256 checksum and size are recorded.
	Content []byte
	// Created is when the file was created; zero means unknown for an input
	// and the generation time for the output.
	Created time.Time
	// Derivation is, for an input, how the output derives from it (one of
	// DerivationTypes()); "" means "derives_from".
	Derivation string
	// Role is, for an input, its role in the activity (used.role), optional.
	Role string
}

// ID returns the artifact's URN, "urn:aiwg:artifact:" + Path.
func (a Artifact) ID() QName { return QName("urn:aiwg:artifact:" + a.Path) }

// Activity describes the activity for [Generated].
type Activity struct {
	// Type is the seed activity type; "" means "generation".
	Type string
	// Name is the artifact name in the activity URN; "" means the output's
	// file name without its extension.
	Name string
	// Seq is the sequence number in the URN (written with at least three
	// digits); 0 means 1.
	Seq int
	// Description is an optional human-readable description.
	Description string
	// Started is when the activity started; zero means the generation time.
	Started time.Time
}

// Agent describes the responsible agent for [Generated].
type Agent struct {
	// ID is the identifier after "urn:aiwg:agent:", such as "tool:deliberate".
	ID string
	// Type is the seed agent type; "" means "automated_tool".
	Type string
	// Name, Version and Tool are optional.
	Name, Version, Tool string
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func timeString(t time.Time) string { return t.Format(time.RFC3339Nano) }

// Generated builds the PROV-YAML record of the common case "this program
// (agent) generated file out from inputs at time at": the output entity
// (created at at, with checksum and size), one entity per input (with checksum
// and size), the activity (ending at at), the agent, and the relations
// wasGeneratedBy(out, activity, at), used(activity, input) for each input,
// wasDerivedFrom(out, input) with the input's derivation type,
// wasAssociatedWith(activity, agent) and wasAttributedTo(out, agent). The
// record's metadata is schema version 1.0.0 created at at. Times keep at's
// location. Nothing reads the clock: at is the caller's.
func Generated(out Artifact, inputs []Artifact, act Activity, agent Agent, at time.Time) *Document {
	d := newRecordDocument()
	d.Metadata = &Metadata{SchemaVersion: "1.0.0", CreatedAt: timeString(at), Description: "Provenance record for " + out.Path}
	started := act.Started
	if started.IsZero() {
		started = at
	}
	name := act.Name
	if name == "" {
		base := path.Base(out.Path)
		name = strings.TrimSuffix(base, path.Ext(base))
	}
	seq := act.Seq
	if seq == 0 {
		seq = 1
	}
	actID := QName(fmt.Sprintf("urn:aiwg:activity:%s:%s:%03d", or(act.Type, "generation"), name, seq))
	agentID := QName("urn:aiwg:agent:" + agent.ID)

	created := out.Created
	if created.IsZero() {
		created = at
	}
	d.Entity(out.ID(), artifactAttrs(out, created)...)
	for _, in := range inputs {
		d.Entity(in.ID(), artifactAttrs(in, in.Created)...)
	}
	var aattrs []Attr
	aattrs = appendString(aattrs, AttrType, or(act.Type, "generation"))
	aattrs = append(aattrs, Attr{Name: AttrDuration, Value: Typed(strconv.FormatInt(int64(at.Sub(started).Seconds()), 10), TypeLong)})
	aattrs = appendString(aattrs, AttrDescription, act.Description)
	d.Activity(actID, timeString(started), timeString(at), aattrs...)
	var gattrs []Attr
	gattrs = appendString(gattrs, AttrType, or(agent.Type, "automated_tool"))
	gattrs = appendString(gattrs, AttrName, agent.Name)
	gattrs = appendString(gattrs, AttrVersion, agent.Version)
	gattrs = appendString(gattrs, AttrTool, agent.Tool)
	d.Agent(agentID, gattrs...)

	d.relation(KindGeneration, "", []string{string(out.ID()), string(actID), timeString(at)}, nil)
	for _, in := range inputs {
		d.relation(KindUsage, "", []string{string(actID), string(in.ID())}, appendString(nil, AttrRole, in.Role))
	}
	for _, in := range inputs {
		d.relation(KindDerivation, "", []string{string(out.ID()), string(in.ID()), string(actID)},
			[]Attr{{Name: AttrDerivationType, Value: String(or(in.Derivation, "derives_from"))}})
	}
	d.relation(KindAssociation, "", []string{string(actID), string(agentID)}, nil)
	d.relation(KindAttribution, "", []string{string(out.ID()), string(agentID)}, nil)
	return d
}

func artifactAttrs(a Artifact, created time.Time) []Attr {
	attrs := appendString(nil, AttrType, or(a.Type, "document"))
	if !created.IsZero() {
		attrs = append(attrs, Attr{Name: AttrCreatedAt, Value: Typed(timeString(created), TypeDateTime)})
	}
	attrs = append(attrs,
		Attr{Name: AttrChecksum, Value: String(Checksum(a.Content))},
		Attr{Name: AttrSizeBytes, Value: Typed(strconv.Itoa(len(a.Content)), TypeLong)})
	return attrs
}
