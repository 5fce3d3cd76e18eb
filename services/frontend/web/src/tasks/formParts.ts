import type { FormErrors } from '../forms/fieldErrors';
import type { TaskForm } from './taskFields';

/** What each section of the New task form receives. */
export interface SectionProps {
  form: TaskForm;
  set(patch: Partial<TaskForm>): void;
  errors: FormErrors;
}
