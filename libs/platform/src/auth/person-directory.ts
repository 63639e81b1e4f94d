/**
 * Who the people named on a project are: the persons behind the accounts (an account's personId).
 * The pipeline asks it before a project names a lead clinician, so segregation of duties compares real persons.
 */
export interface PersonDirectory {
  /**
   * The person with this canonical id (trimmed, lower case), if an account names them; `unverifiable` when
   * accounts live at an external issuer (AUTH_MODE=oidc) and the directory cannot tell.
   */
  findPerson(personKey: string): Promise<{ personId: string; name: string } | null | 'unverifiable'>;

  /**
   * The persons holding an active (not locked) account of `role`, each once, by name: whom a form may offer,
   * e.g. the clinicians who may lead a project. With an external issuer only the locally known accounts.
   */
  listPersons(role: string): Promise<{ personId: string; name: string }[]>;
}

export const PERSON_DIRECTORY = Symbol('PERSON_DIRECTORY');
