import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single sign-on in flight: between sending the browser to the identity provider and its return,
 * the PKCE verifier waits here (not in memory), so any instance can finish what another started.
 */
@Entity('oidc_requests')
export class OidcRequest {
  /** Hex SHA-256 of the `state` sent to the provider; each is used once. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 128 })
  codeVerifier: string;

  @Column({ type: 'varchar', length: 30 })
  expiresAt: string;
}
