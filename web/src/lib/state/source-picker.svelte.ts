import { api } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import type { RepositoryFiles, Validation } from '#lib/git/dto.ts';
import { pickComposeFile } from '#lib/git/issues.ts';
import { defaultRef, refOptions, type RefOption } from '#lib/git/refs.ts';
import { emptySourceDraft, sourceBody, type SourceBody, type SourceDraft } from '#lib/git/source-form.ts';
import { t } from '#lib/i18n/index.ts';
import { Resource } from '#lib/state/resource.svelte.ts';

/**
 * The "From a repository" form: which repository, which branch or tag (from a check, which
 * fetches), which file (from the tree at that ref), the options, and a validation of that
 * file at that commit before anything is saved. Answers for an older choice are dropped.
 */
export class SourcePicker {
  readonly repositories = new Resource(() => api.GET('/api/repositories'));
  /** Where images built from the repository can be pushed: the stored registry logins. */
  readonly registries = new Resource(() => api.GET('/api/registries'));
  draft = $state<SourceDraft>(emptySourceDraft());
  refs = $state.raw<RefOption[] | null>(null);
  refsError = $state.raw<ApiErrorInfo | null>(null);
  checking = $state(false);
  files = $state.raw<RepositoryFiles | null>(null);
  filesError = $state.raw<ApiErrorInfo | null>(null);
  validation = $state.raw<Validation | null>(null);
  validationError = $state.raw<ApiErrorInfo | null>(null);
  validating = $state(false);
  /** A field the form refused before asking Mission Control. */
  problem = $state.raw<{ field: string; message: string } | null>(null);

  #seq = 0;
  #checks = 0;

  constructor(initial?: SourceDraft) {
    if (initial) this.draft = initial;
  }

  start(): void {
    void this.registries.load();
    void this.repositories.load().then(() => {
      if (this.draft.repositoryId !== '') void this.check();
    });
  }

  chooseRepository(id: string): void {
    this.draft.repositoryId = id;
    this.draft.ref = '';
    this.refs = null;
    this.files = null;
    this.validation = null;
    if (id !== '') void this.check();
  }

  /** Fetches the repository and lists its branches and tags; keeps a ref already typed. */
  async check(): Promise<void> {
    const seq = ++this.#seq;
    const checkSeq = ++this.#checks;
    const id = this.draft.repositoryId;
    this.checking = true;
    this.refsError = null;
    const result = await outcome(api.POST('/api/repositories/{id}/check', { params: { path: { id } } }));
    if (checkSeq === this.#checks) this.checking = false;
    if (seq !== this.#seq) return;
    if (!result.ok) {
      this.refsError = result.error;
      return;
    }
    if (!result.data.ok) {
      this.refsError = { status: null, code: 'repository_unreachable', message: result.data.error ?? t('source.unreachable'), details: [] };
      return;
    }
    const listing = { head: result.data.head, branches: result.data.branches ?? [], tags: result.data.tags ?? [] };
    this.refs = refOptions(listing);
    if (this.draft.ref === '') this.draft.ref = defaultRef(listing);
    await this.loadFiles();
  }

  /** The Compose files at the chosen ref (and the commit it resolves to). */
  async loadFiles(): Promise<void> {
    const ref = this.draft.ref.trim();
    if (this.draft.repositoryId === '' || ref === '') return;
    const seq = ++this.#seq;
    this.filesError = null;
    this.validation = null;
    const result = await outcome(
      api.GET('/api/repositories/{id}/files', { params: { path: { id: this.draft.repositoryId }, query: { ref } } }),
    );
    if (seq !== this.#seq) return;
    if (!result.ok) {
      this.files = null;
      this.filesError = result.error;
      return;
    }
    this.files = result.data;
    this.draft.path = pickComposeFile(result.data.composeFiles, this.draft.path);
  }

  /** The source to send, or null with `problem` set. */
  body(): SourceBody | null {
    const checked = sourceBody(this.draft);
    if (checked.ok) {
      this.problem = null;
      return checked.body;
    }
    this.problem = { field: checked.field, message: t(checked.problem) };
    return null;
  }

  /** The file at that commit through the same checks as a save. */
  async validate(name: string): Promise<Validation | null> {
    const source = this.body();
    if (!source) return null;
    const seq = ++this.#seq;
    this.validating = true;
    this.validationError = null;
    const body = name === '' ? { source } : { name, source };
    const result = await outcome(api.POST('/api/stacks/validate', { body }));
    this.validating = false;
    if (seq !== this.#seq) return null;
    if (!result.ok) {
      this.validation = null;
      this.validationError = result.error;
      return null;
    }
    this.validation = result.data;
    return result.data;
  }

  /** The draft changed by hand: the last validation no longer describes it. */
  edited(): void {
    this.validation = null;
    this.problem = null;
  }
}
