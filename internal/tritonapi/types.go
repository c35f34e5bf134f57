package tritonapi

import "fmt"

// DeactivationReason is one entry of an object's deactivation history.
type DeactivationReason struct {
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
}

// Token is an RPC access token. Value is the secret.
type Token struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               string               `json:"value"`
	RateTier            string               `json:"rate_tier"`
	AuthUsername        string               `json:"auth_username"`
	IsActive            bool                 `json:"is_active"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
}

// String never prints the secret value.
func (t Token) String() string {
	return fmt.Sprintf("Token{uuid=%s name=%q rate_tier=%s is_active=%t value=<redacted>}", t.UUID, t.Name, t.RateTier, t.IsActive)
}

// GoString never prints the secret value.
func (t Token) GoString() string { return t.String() }

// Origin is an allowed origin of an endpoint as the API returns it.
type Origin struct {
	UUID     string `json:"uuid,omitempty"`
	Value    string `json:"value"`
	IsActive bool   `json:"is_active"`
}

// OriginInput is an allowed origin as sent on create and update.
type OriginInput struct {
	Value    string `json:"value"`
	IsActive *bool  `json:"is_active,omitempty"`
}

// Endpoint is what clients call for RPC.
type Endpoint struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               *string              `json:"value"`
	Slug                string               `json:"slug"`
	RateTier            string               `json:"rate_tier"`
	IsActive            bool                 `json:"is_active"`
	ValueOverride       *string              `json:"value_override"`
	Values              []string             `json:"values"`
	DefaultValues       []string             `json:"default_values"`
	AllowedOrigins      []Origin             `json:"allowed_origins"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
}

// EndpointCreate is the body of an endpoint create.
type EndpointCreate struct {
	Name           string        `json:"name"`
	RateTier       string        `json:"rate_tier"`
	AllowedOrigins []OriginInput `json:"allowed_origins,omitempty"`
}

// EndpointUpdate is the body of an endpoint update. Nil fields are left out;
// AllowedOrigins, when non-nil, replaces the whole list.
type EndpointUpdate struct {
	Name           *string        `json:"name,omitempty"`
	RateTier       *string        `json:"rate_tier,omitempty"`
	AllowedOrigins *[]OriginInput `json:"allowed_origins,omitempty"`
}

// SupportedRateTier is a rate tier a subscription accepts.
type SupportedRateTier struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// Subscription holds endpoints and tokens.
type Subscription struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	AccountUUID         string               `json:"account_uuid"`
	SubscriptionType    string               `json:"subscription_type"`
	StartsAt            *string              `json:"starts_at"`
	EndsAt              *string              `json:"ends_at"`
	IsActive            bool                 `json:"is_active"`
	SupportedRateTiers  []SupportedRateTier  `json:"supported_rate_tiers"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
}

// SubscriptionCreate is the body of a subscription create (reseller role).
// StartsAt and EndsAt are RFC 3339; nil means now and never.
type SubscriptionCreate struct {
	AccountUUID      string  `json:"account_uuid"`
	SubscriptionType string  `json:"subscription_type"`
	Name             string  `json:"name"`
	StartsAt         *string `json:"starts_at,omitempty"`
	EndsAt           *string `json:"ends_at,omitempty"`
}

// SubscriptionType is a kind of subscription (pool and Solana environment).
type SubscriptionType struct {
	UUID                    string   `json:"uuid"`
	Name                    string   `json:"name"`
	PoolName                string   `json:"pool_name"`
	EndpointDefaultSuffixes []string `json:"endpoint_default_suffixes"`
}

// WatchList is an address watch list entry (operator or reseller role).
type WatchList struct {
	UUID             string `json:"uuid"`
	SubscriptionUUID string `json:"subscription_uuid"`
	Variant          string `json:"variant"`
	EncodedValue     string `json:"encoded_value"`
}

// Account is a billing account.
type Account struct {
	UUID     string `json:"uuid"`
	Name     string `json:"name"`
	IsActive bool   `json:"is_active"`
}

// RateTier is a tier name known to the deployment.
type RateTier struct {
	Name string `json:"name"`
}
