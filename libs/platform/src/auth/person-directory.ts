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
}

export const PERSON_DIRECTORY = Symbol('PERSON_DIRECTORY');
