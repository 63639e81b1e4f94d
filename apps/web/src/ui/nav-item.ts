/** A place the top bar leads to: shown as a link on wide screens and as an item of the menu on a phone. */
export interface NavItem {
  /** The element's id after `nav-` (a link) or `menu-` (the phone's menu item). */
  id: string;
  to: string;
  label: string;
}
