import { ChangePasswordDto, IssueApiTokenDto } from '../../auth/auth.dto.js';
import { CreateUserDto, UpdateUserDto, UpdateUserPreferencesDto } from '../../users/user.dto.js';
import { dateFromFields, text, type FieldErrors } from '../forms.js';
import { PageForm } from './page-form.js';

/** A password field's value exactly as typed: spaces in a password are part of it. */
function secret(body: Record<string, unknown>, name: string): string {
  return typeof body[name] === 'string' ? body[name] : '';
}

/** How a person's reminders come: one digest a day, or one email each. */
export class SettingsForm extends PageForm<UpdateUserPreferencesDto> {
  protected readonly dto = UpdateUserPreferencesDto;

  protected values() {
    return { reminderDelivery: text(this.body, 'reminderDelivery') };
  }

  protected override reword(): string {
    return 'Choose how your reminders come';
  }
}

/** A person changing their own password. */
export class PasswordForm extends PageForm<ChangePasswordDto> {
  protected readonly dto = ChangePasswordDto;

  protected values() {
    return { currentPassword: secret(this.body, 'currentPassword'), newPassword: secret(this.body, 'newPassword') };
  }

  protected override checks(): FieldErrors {
    const errors: FieldErrors = {};
    if (!secret(this.body, 'currentPassword')) errors.currentPassword = 'Enter your current password';
    if (secret(this.body, 'newPassword') !== secret(this.body, 'confirmPassword'))
      errors.confirmPassword = 'The new passwords do not match';
    return errors;
  }
}

/** An admin giving someone an account. */
export class NewUserForm extends PageForm<CreateUserDto> {
  protected readonly dto = CreateUserDto;

  /** The service refuses an address that already has an account. */
  protected override refusalField(): string {
    return 'email';
  }

  protected override fieldOrder(): string[] {
    return ['name', 'email', 'role', 'password'];
  }

  protected values() {
    return {
      name: text(this.body, 'name'),
      email: text(this.body, 'email'),
      role: text(this.body, 'role'),
      password: secret(this.body, 'password') || undefined,
      serviceAccount: this.body.serviceAccount === 'yes' ? true : undefined,
    };
  }
}

/** An admin changing someone's role, or removing their access. */
export class ChangeUserForm extends PageForm<UpdateUserDto> {
  protected readonly dto = UpdateUserDto;

  protected values() {
    return { role: text(this.body, 'role') || undefined, active: this.body.active === 'false' ? false : undefined };
  }
}

/** An admin issuing an API token to a service account, for an integration, working until revoked or to a last day. */
export class ApiTokenForm extends PageForm<IssueApiTokenDto> {
  protected readonly dto = IssueApiTokenDto;
  private readonly expires = dateFromFields(this.body, 'expiresOn', 'The last day it works');

  protected values() {
    return { userId: text(this.body, 'userId'), name: text(this.body, 'name'), expiresOn: this.expires.value };
  }

  protected override checks(): FieldErrors {
    return this.expires.error ? { expiresOn: this.expires.error } : {};
  }

  protected override reword(field: string, message: string): string {
    if (field === 'userId') return 'Choose the service account the integration acts as';
    if (field === 'name')
      return message.includes('shorter')
        ? 'The name must be 100 characters or less'
        : 'Enter a name for the token, such as the integration it is for';
    if (field === 'expiresOn') return 'The last day it works must be today or later';
    return message;
  }
}
