import { RemoveActionDto } from '../../actions/action.dto.js';
import { PageForm } from './page-form.js';

/** Confirming the removal of a mistaken action, at the version the confirmation page showed. */
export class RemoveActionForm extends PageForm<RemoveActionDto> {
  protected readonly dto = RemoveActionDto;

  protected override explainsStaleEdits(): boolean {
    return true;
  }

  protected values() {
    return { version: Number(this.body.version) };
  }
}
