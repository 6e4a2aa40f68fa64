import { text, type FieldErrors, type FormBody } from '../forms.js';

export interface Person {
  name: string;
  email: string;
}

/**
 * Someone named on an Add form (_person-picker.njk): chosen from those on record (the list, named
 * `field`), or someone new by name and email address (`fieldName`, `fieldEmail`). Choosing someone and
 * typing someone new is refused rather than one of them silently winning.
 */
export class PersonChoice {
  private readonly chosen: Person | undefined;
  private readonly typed: Person | undefined;

  constructor(
    body: FormBody,
    private readonly field: string,
    onRecord: readonly Person[],
  ) {
    const chosenEmail = text(body, field).toLowerCase();
    const found = chosenEmail ? onRecord.find((candidate) => candidate.email.toLowerCase() === chosenEmail) : undefined;
    this.chosen = found ? { name: found.name, email: found.email } : undefined;
    const name = text(body, `${field}Name`);
    const email = text(body, `${field}Email`);
    this.typed = name || email ? { name, email } : undefined;
  }

  /** Who goes to the service: the person chosen, or the one typed (whose email the service checks), or nobody. */
  get person(): Person | undefined {
    return this.chosen ?? this.typed;
  }

  /** What is wrong with the choice, naming the person as `who` ("the owner"); where they are `required`, nobody is wrong too. */
  problems(who: string, required: boolean): FieldErrors {
    if (this.chosen && this.typed) return { [this.field]: `Choose ${who} from the list, or enter someone new, not both` };
    if (this.chosen || (!this.typed && !required)) return {};
    const errors: FieldErrors = {};
    if (!this.typed?.name) errors[`${this.field}Name`] = `Enter the name of ${who}, or choose them from the list`;
    if (!this.typed?.email) errors[`${this.field}Email`] = `Enter the email address of ${who}`;
    return errors;
  }
}
